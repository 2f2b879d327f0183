print("pricewatch")
