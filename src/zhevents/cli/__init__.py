"""zhevents.cli"""
