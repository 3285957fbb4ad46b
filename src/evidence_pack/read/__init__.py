"""Reading the pictures: barcodes (always), tracking numbers, and with the optional reading extra the
text of chat, listing, order and label pictures."""
