import AuthBridgeDemo

@main
struct DemoServerMain {
    static func main() async {
        await DemoLauncher.main()
    }
}
