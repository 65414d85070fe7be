def unclosed(a, b:
    return (a +

def recovered():
    """Found after an unclosed bracket."""
    s = 'unterminated
    return s

class AfterBroken:
    def method(self):
        return f"{self!r} {"nested " + 'quotes'} {x:{width}.{precision}}"

    def after_fstring(self):
        pass
