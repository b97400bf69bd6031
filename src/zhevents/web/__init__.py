"""zhevents.web"""
