import ArgumentParser
import AuthBridgeCLI

@main
struct AuthBridgeMain {
    static func main() async {
        await AuthBridgeCommand.main()
    }
}
