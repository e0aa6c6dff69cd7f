"""The operators' writes: sign-up, review, members and tokens, contracts and overrides."""
