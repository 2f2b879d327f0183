import ArgumentParser
import Foundation
import PricewatchPostgres

/// `--store`, for the commands that work on a PostgreSQL store only (`pricewatch store ...`).
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("store"),
        help: ArgumentHelp(
            "The PostgreSQL database: a postgres:// URL or libpq key=value string (default: $PRICEWATCH_STORE, "
                + "then $PRICEWATCH_DATABASE_URL). Prefer the environment: a password on the command line "
                + "shows in the process list.",
            valueName: "url"))
    var store: String?

    /// The names of the environment variables read when `--store` is absent, in order.
    static let environmentVariables = ["PRICEWATCH_STORE", "PRICEWATCH_DATABASE_URL"]

    /// The location, from the option or the environment.
    func location() throws -> PostgresLocation {
        let environment = ProcessInfo.processInfo.environment
        let given = store ?? Self.environmentVariables.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        guard let given else {
            throw ValidationError(
                "no database given: set PRICEWATCH_DATABASE_URL (or PRICEWATCH_STORE) to a postgres:// URL, "
                    + "or pass --store")
        }
        guard let location = PostgresLocation(given) else {
            throw ValidationError(
                "'\(given)' is not a PostgreSQL location: use a postgres:// or postgresql:// URL, or libpq "
                    + "key=value pairs such as 'host=db dbname=pricewatch'")
        }
        return location
    }

    func validate() throws {
        _ = try location()
    }

    /// Opens the store (checking its schema), or exits with status 2 saying what to check.
    func recordStore() throws -> PostgresRecordStore {
        do {
            return try PostgresRecordStore(location: location())
        } catch let error as PostgresError {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.targetsFailed)
        }
    }

    /// Connects, or exits with status 2 after printing what to check (the password masked).
    func connect() throws -> PostgresConnection {
        do {
            return try PostgresConnection(location())
        } catch let error as PostgresError {
            printError("error: \(error)")
            throw ExitCode(ExitStatus.targetsFailed)
        }
    }
}
