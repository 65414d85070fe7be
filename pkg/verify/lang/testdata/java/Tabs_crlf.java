/**
 * Tabs and CRLF.
 */
public class Tabs_crlf {
	public String block = """
		text }
		""";

	public void method() {
	}
}
