"""zhevents.dedup"""
