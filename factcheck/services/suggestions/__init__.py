"""The parts of claim suggestion: cutting, scoring and attribution. Use ``factcheck.services.splitting``."""
