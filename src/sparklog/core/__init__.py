"""Pure domain logic: dates, text rules, entries, streaks. No I/O, no clock."""
