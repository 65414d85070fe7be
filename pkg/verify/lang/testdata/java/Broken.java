public class Broken {
    public void unclosed( {
        return;
    }

    public String s = "unterminated;
    public void after() { }
}
