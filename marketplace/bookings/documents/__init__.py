"""The bookings' documents: vouchers (PDF, QR code) and suppliers' daily manifests (CSV, PDF)."""
