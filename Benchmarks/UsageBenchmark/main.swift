import Foundation

// Usage benchmarks, run on purpose:
//   swift run -c release --scratch-path .build-release UsageBenchmark record [tasks] [events-per-task]
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "record", nil:
    let tasks = arguments.count > 1 ? Int(arguments[1]) ?? 64 : 64
    let events = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
    await RecordBenchmark.run(tasks: tasks, eventsPerTask: events)
default:
    FileHandle.standardError.write(Data("usage: UsageBenchmark record [tasks] [events-per-task]\n".utf8))
    exit(2)
}
