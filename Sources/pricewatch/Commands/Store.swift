import ArgumentParser
import PricewatchPostgres

extension Pricewatch {
    /// `pricewatch store`: looks after a shared PostgreSQL store.
    struct Store: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store",
            abstract: "Manage a shared PostgreSQL store.",
            subcommands: [Migrate.self, Import.self, Export.self]
        )
    }
}

extension Pricewatch.Store {
    /// `pricewatch store migrate`: creates or upgrades the database schema.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Create or upgrade the pricewatch schema in a PostgreSQL database.",
            discussion: """
                Safe to run on every deploy: it applies only the migrations the database lacks, in one \
                transaction, and refuses a database written by a newer pricewatch.
                """
        )

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let connection = try database.connect()
            do {
                let outcome = try SchemaMigrator().migrate(connection)
                print(
                    outcome.from == outcome.to
                        ? "\(connection.location): schema is up to date (version \(outcome.to))"
                        : "\(connection.location): schema migrated from version \(outcome.from) to \(outcome.to)")
            } catch {
                printError("error: \(error)")
                throw ExitCode(ExitStatus.targetsFailed)
            }
        }
    }
}
