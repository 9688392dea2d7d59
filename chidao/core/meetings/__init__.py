"""Committee meetings as pure rules: the Vietnamese name of a meeting ("Phiên họp lần thứ nhất năm 2026") and the
reading of a conclusions notice pasted as text (numbered items → proposed task rows). Units are passed in."""
