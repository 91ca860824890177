"""The bell, the list of one's notifications, one's preferences; the office's
outbox and each plan's reminder policy."""
