/// What `demo-server` runs: placeholder until the SQLite store lands.
public enum DemoLauncher {
    public static func main() async {}
}
