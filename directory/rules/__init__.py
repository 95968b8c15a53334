"""The rules of each value: vocabularies, places, hours, phones, languages. Imports nothing of the directory's."""
