"""Module docstring: def not_a_function(): pass"""
import functools

# def commented_out(): pass
BANNER = "def fake(): pass  # not a comment"
TEMPLATE = '''
class NotAClass:
    def nope(self):
        pass
'''


@functools.lru_cache(maxsize=None)
@staticmethod
def decorated(a, b):
    '''Single-quoted triple docstring.'''
    return a + b


def multi_line_signature(
    first,  # a comment inside the signature
    second=")",
    *args,
    **kwargs,
) -> dict[str, "int"]:
    r"""Raw docstring with \d escapes."""

    x = {
        "key": """def inside_string(): pass""",
    }

    # a comment at body indentation
    return x


def one_liner(): return 1


async def fetch(url):
    u"""Unicode-prefixed docstring
    spanning lines.
    """
    def nested_helper():
        """Nested functions are not declarations."""
        class NestedInFunction:
            def method(self):
                pass
        return NestedInFunction
    return await nested_helper()


class _Private:
    def public_name(self):
        pass


class Outer(object):
    "Single-quoted docstring."

    class Inner:
        class Deepest:
            def leaf(self): return "leaf"

    def __init__(self, value):
        self.value = value \
            + 1

    @property
    def value_(self):
        return self.value

    def _hidden(self):
        s = f"{self.value!r:>{10}} {'#'} {{not a field}}"
        return s


def café(ünïcode="naïve"):
    b"""bytes are not docstrings"""
    return ünïcode


def backslash_continuation(a,
                           b):
    return a \
        + b


if True:
    def conditional():
        ("parenthesised docstring")
        pass
else:
    def conditional():
        pass


def trailing():
    value = f"""{
        1 + 1
    }"""
    return value
# a comment after the last function
