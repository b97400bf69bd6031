"""zhevents.events"""
