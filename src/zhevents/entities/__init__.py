"""zhevents.entities"""
