"""zhevents.api"""
