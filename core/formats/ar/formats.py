"""Numbers on Arabic pages as Iraqi organisers and funders write them with Western digits: a
point before the decimals (12.5 %, 2.5 hours) and a comma between thousands. Django's Arabic
formats use the comma as the decimal point, which reads "12,5" as twelve thousand five
hundred to them. Everything else is Django's Arabic formats."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
