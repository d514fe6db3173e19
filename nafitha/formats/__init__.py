"""Date formats for every page, one per language (FORMAT_MODULE_PATH).

Arabic dates read as the hall display writes them ("٢٩ تشرين الثاني ٢٠٢٦"): day, Levantine
month name (the Arabic catalogue names the months), year. Django's own Arabic formats have no
DATETIME_FORMAT, so date-times fell back to the American "نوفمبر ٢٩, ٢٠٢٦".
"""
