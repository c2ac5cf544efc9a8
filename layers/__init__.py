"""Map layers: one small builder per layer kind, and map assembly. No spatial logic here."""
