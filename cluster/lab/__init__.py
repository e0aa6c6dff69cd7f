"""The digital lab: short module pages, each closing one gap of an SME's listings (photos,
summary, price, schedule, meeting point, cancellation policy, English, translations, payout
account, availability), the SME's "Close these gaps" panel and the modules it has done."""
