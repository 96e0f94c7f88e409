-- Events: the numbers an event's clause gives, as 'unit|value|text' (quantities differ between reports).
ALTER TABLE events ADD COLUMN quantities VARCHAR[];
