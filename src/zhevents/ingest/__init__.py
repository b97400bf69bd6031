"""zhevents.ingest"""
