class Tabbed:
	"""Tabs and CRLF."""

	def method(self):
		if True:
			return 1
		# comment

	def other(self): return 2


def top():
	return Tabbed
