"""zhevents.clean"""
