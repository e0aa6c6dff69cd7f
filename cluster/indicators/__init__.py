"""The programme's five targets, measured from the cluster's members, agreements and events:
the selectors compute them, the documents export them, the admin shows them to managers."""
