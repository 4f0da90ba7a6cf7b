"""Importing the directory from spreadsheets: read the file (reading), check every row
(columns, checks), let django-import-export match and save the records (resources), and run
the preview and the confirmed import (service). The uploaded file waits between the two in
storage."""
