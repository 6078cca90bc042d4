"""Progress: what each teacher has actually watched of each video (ViewingRecord), the
heartbeat the player reports it through (view, signed token, lean middleware), the interval
arithmetic on watched seconds, and the completion threshold rules."""
