"""The catalogue's writes: pages of suppliers and experiences, translations, slots, SME rights."""
