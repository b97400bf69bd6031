"""zhevents.store"""
