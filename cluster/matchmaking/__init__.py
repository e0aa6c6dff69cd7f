"""B2B matchmaking: meeting slots and tables of a B2B event, what each company offers and looks
for, meeting requests and their answers, blocked slots, and the 1:1 meeting schedule (solved,
published, then changed with notice to the companies affected)."""
