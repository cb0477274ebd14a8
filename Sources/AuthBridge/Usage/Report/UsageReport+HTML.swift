import Foundation

extension UsageReport {
    /// One self-contained page: inline CSS and SVG, no scripts, no external assets.
    func renderHTML() -> String {
        let h = ReportText.html
        var rows = ""
        for route in routes {
            rows += "<tr class=\"\(h(route.readiness.status))\"><td>\(h(route.method))</td><td><code>\(h(route.route))</code></td>"
            rows += "<td class=n>\(route.requests)</td><td class=n>\(route.session)</td><td class=n>\(route.jwt)</td><td class=n>\(route.both)</td>"
            rows += "<td class=n>\(route.refused)</td><td class=n>\(ReportText.percent(route.jwtShare))</td><td>\(h(ReportText.minute(route.lastJWT)))</td>"
            rows += "<td><span class=badge>\(h(route.readiness.status))</span> \(h(route.readiness.summary))</td></tr>\n"
        }
        var clientRows = ""
        for client in clients {
            clientRows += "<tr><td>\(h(client.client))</td><td>\(h(client.subject))</td><td class=n>\(client.requests)</td><td>\(h(ReportText.minute(client.lastSeen)))</td><td>\(h(client.routes.joined(separator: ", ")))</td></tr>\n"
        }
        let flag = flagLine.map { "<h2>Ready to go session-only</h2><pre>\(h($0))</pre>" } ?? ""
        let warning = dropped > 0 ? "<p class=warn>\(dropped) requests were not recorded (the aggregator was full).</p>" : ""
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>AuthBridge usage</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1d2330;background:#fff}
            h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
            table{border-collapse:collapse;width:100%}th,td{padding:.35rem .5rem;border-bottom:1px solid #e3e6ec;text-align:left;vertical-align:top}
            th{background:#f4f6f9;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .badge{display:inline-block;padding:0 .4rem;border-radius:.6rem;font-size:.8rem;font-weight:600;background:#eee}
            tr.ready .badge{background:#d4f5dd;color:#116329}tr.blocked .badge{background:#fde2e1;color:#a1260d}tr.dry-run .badge{background:#fff1c2;color:#7a5a00}
            .warn{color:#a1260d;font-weight:600}pre{background:#f4f6f9;padding:.75rem;overflow-x:auto}svg{max-width:100%;height:auto}
            .legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;border-radius:2px}
            </style></head><body>
            <h1>AuthBridge usage</h1>
            <p>Since \(h(ReportText.minute(since))) · generated \(h(ReportText.minute(generatedAt))) · \(h(headline)) · instances: \(h(instances.joined(separator: ", ")))</p>
            \(warning)
            <h2>JWT share per day</h2>
            \(chartSVG())
            <h2>Routes and readiness</h2>
            <table><thead><tr><th>Method</th><th>Route</th><th>Requests</th><th>Session</th><th>JWT</th><th>Both</th><th>Refused</th><th>JWT share</th><th>Last JWT</th><th>Readiness</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            <h2>JWT clients and subjects</h2>
            <table><thead><tr><th>Client</th><th>Subject</th><th>Requests</th><th>Last seen</th><th>Routes</th></tr></thead>
            <tbody>
            \(clientRows)</tbody></table>
            \(flag)
            </body></html>

            """
    }

    /// A line chart of JWT share per day for the routes with the most JWT traffic (at most eight).
    func chartSVG() -> String {
        let h = ReportText.html
        let palette = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#be185d", "#4d7c0f"]
        let shown = Array(routes.filter { $0.jwt + $0.both > 0 }.prefix(8))
        let width = 760.0, height = 260.0, left = 48.0, right = 16.0, top = 12.0, bottom = 36.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let days = max(1, (routes.first?.trend.count ?? 1))
        func x(_ index: Int) -> Double { left + (days == 1 ? plotWidth / 2 : plotWidth * Double(index) / Double(days - 1)) }
        func y(_ share: Double) -> Double { top + plotHeight * (1 - share) }
        func f(_ value: Double) -> String { String(format: "%.1f", value) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"JWT share per day\">"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>"
        for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" stroke=\"#e3e6ec\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(tick) + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6475\">\(Int(tick * 100))%</text>"
        }
        if let trend = routes.first?.trend {
            let step = max(1, trend.count / 8)
            for (index, day) in trend.enumerated() where index % step == 0 || index == trend.count - 1 {
                svg += "<text x=\"\(f(x(index)))\" y=\"\(f(height - 12))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6475\">\(h(String(ReportText.day(day.day).dropFirst(5))))</text>"
            }
        }
        for (index, route) in shown.enumerated() {
            let color = palette[index % palette.count]
            let points = route.trend.enumerated().filter { $0.element.credentialed > 0 }.map { "\(f(x($0.offset))),\(f(y($0.element.jwtShare)))" }
            if points.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
            }
            for point in points {
                let xy = point.split(separator: ",")
                svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(color)\"><title>\(h(route.method + " " + route.route))</title></circle>"
            }
        }
        svg += "</svg>"
        let legend = shown.enumerated().map { index, route in
            "<span><i style=\"background:\(palette[index % palette.count])\"></i>\(h(route.method)) <code>\(h(route.route))</code></span>"
        }.joined()
        return svg + "<div class=legend>\(shown.isEmpty ? "No JWT traffic in this window." : legend)</div>"
    }
}
