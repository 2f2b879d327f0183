import Foundation

extension CheckRunner {
    /// Renders the `render: browser` targets, at most `defaults.render.max_tabs` at once, and evaluates
    /// each rendered DOM like a fetched page; then shuts the renderer down (also when the run is cancelled).
    /// Returns each result with its target's position in the run.
    func renderAll(_ targets: [PreparedTarget]) async -> [(Int, Report.TargetResult)] {
        guard !targets.isEmpty else { return [] }
        guard let renderer = options.renderer else {
            return targets.map { prepared in
                let message = "render: browser needs a browser renderer, and this run has none; use render: http"
                let result = failed(
                    prepared.target, vendor: nil, error: message,
                    change: .fetchFailed(target: prepared.target.id, message: message))
                return (prepared.position, result)
            }
        }
        var results: [(Int, Report.TargetResult)] = []
        await withTaskGroup(of: (Int, Report.TargetResult).self) { group in
            var running = 0
            for prepared in targets {
                if running >= configuration.render.maxTabs, let finished = await group.next() {
                    results.append(finished)
                    running -= 1
                }
                group.addTask {
                    defer { options.onTargetFinished?() }
                    return (prepared.position, await render(prepared, with: renderer))
                }
                running += 1
            }
            for await finished in group { results.append(finished) }
        }
        await renderer.shutdown()
        return results
    }

    /// Renders one target; a failure (no browser, a timeout, a crash) fails the target as `fetch_failed`
    /// and keeps its snapshot.
    private func render(_ prepared: PreparedTarget, with renderer: any PageRendering) async -> Report.TargetResult {
        let target = prepared.target
        let settings = configuration.renderSettings(for: target)
        let request = RenderRequest(
            id: target.id, url: target.url, waitForXPath: settings.waitFor?.xpath,
            waitForDescription: settings.waitFor?.description,
            waitsForNetworkIdle: settings.resolvedWait == .networkIdle, timeout: .seconds(settings.resolvedTimeout),
            maxBytes: options.fetch.maxBodyBytes)
        let page: RenderedPage
        do {
            page = try await renderer.render(request)
        } catch {
            let message = "\(target.url): \(error)"
            return failed(
                target, vendor: (try? store.latest(for: target.id))?.vendor, error: message,
                change: .fetchFailed(target: target.id, message: message))
        }
        // The DOM is UTF-8 whatever the served page's charset was; http.json says it was rendered.
        let validators = CacheValidators(url: target.url, charset: "utf-8", rendered: "browser")
        return evaluate(
            prepared, page: page.html, charset: "utf-8", validators: validators, at: Date(),
            recordsPendingAlert: options.recordsPendingAlerts)
    }
}
