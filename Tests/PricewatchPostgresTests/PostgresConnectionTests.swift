import Foundation
import PricewatchPostgres
import PricewatchTestSupport
import Testing

@Suite("PostgresConnection", .postgresServer)
struct PostgresConnectionTests {
    @Test("parameters carry hostile text and arbitrary bytes unchanged, never as SQL")
    func parametersRoundTrip() throws {
        let connection = try PostgresConnection(freshDatabase().location)
        try connection.query("CREATE TABLE t (id integer, note text, body bytea, doc jsonb)")
        let hostile = "Robert'); DROP TABLE t; -- \\x00 $1 ünïcödé 🚀 \"quoted\""
        let bytes: [UInt8] = [0, 1, 2, 0x5C, 0x78, 0xFF, 0, 39, 34] + Array(0...255)
        try connection.query(
            "INSERT INTO t VALUES ($1::integer, $2, $3, $4::jsonb)",
            [.integer(7), try .text(hostile), .bytes(bytes), try .text("{\"plan\": \"Pro'; --\"}")])
        try connection.query("INSERT INTO t VALUES ($1::integer, $2, $3, $4::jsonb)", [.integer(8), nil, nil, nil])
        let rows = try connection.query("SELECT id, note, body, doc->>'plan' FROM t ORDER BY id")
        #expect(rows.count == 2)
        #expect(rows.integer(0, 0) == 7)
        #expect(rows.string(0, 1) == hostile)
        #expect(rows.bytes(0, 2) == bytes)
        #expect(rows.string(0, 3) == "Pro'; --")
        #expect(rows.string(1, 1) == nil && rows.bytes(1, 2) == nil)
        #expect(try connection.query("SELECT count(*) FROM t").integer(0, 0) == 2)
        #expect(try connection.query("SELECT $1::bytea", [.bytes([])]).bytes(0, 0) == [])
    }

    @Test("text with a NUL character is refused before anything is sent")
    func nulRefused() throws {
        #expect(throws: PostgresError.self) { try PostgresValue.text("a\u{0}b") }
    }

    @Test("a failed statement reports its SQLSTATE; a transaction rolls back when its body throws")
    func failuresAndTransactions() throws {
        let connection = try PostgresConnection(freshDatabase().location)
        try connection.query("CREATE TABLE t (id integer PRIMARY KEY)")
        try connection.query("INSERT INTO t VALUES ($1::integer)", [.integer(1)])
        let duplicate = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO t VALUES ($1::integer)", [.integer(1)])
        }
        #expect(duplicate?.code == .queryFailed && duplicate?.sqlState == "23505")
        struct Abandon: Error {}
        #expect(throws: Abandon.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO t VALUES ($1::integer)", [.integer(2)])
                throw Abandon()
            }
        }
        #expect(connection.isHealthy)
        let committed = try connection.transaction { connection in
            try connection.query("INSERT INTO t VALUES ($1::integer)", [.integer(3)]).affectedRows
        }
        #expect(committed == 1)
        let ids = try connection.query("SELECT id FROM t ORDER BY id")
        #expect(ids.values == [["1"], ["3"]])
    }

    @Test("a wrong password: the message masks the password and says to check the credentials")
    func wrongPassword() throws {
        let server = try testServer()
        for text in [server.url(password: "Wr0ngPassw0rd"), server.keyValueString(password: "Wr0ngPassw0rd")] {
            let location = try #require(PostgresLocation(text))
            let error = #expect(throws: PostgresError.self) { try PostgresConnection(location) }
            let message = error?.description ?? ""
            #expect(error?.code == .connectionFailed)
            #expect(message.contains("password authentication failed"))
            #expect(message.contains("Check the user name and password"))
            #expect(!message.contains("Wr0ngPassw0rd") && !message.contains(server.password))
            #expect(message.contains("***"))
        }
    }

    @Test("an unreachable server: the message masks the password and says to check that it runs")
    func unreachableServer() throws {
        let server = try testServer()
        let empty = server.folder.appendingPathComponent("no-server-here").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let location = try #require(PostgresLocation("postgresql://pricewatch:S3cretPw@/postgres?host=\(empty)"))
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(location) }
        let message = error?.description ?? ""
        #expect(message.contains("No such file or directory"))
        #expect(message.contains("Check that the PostgreSQL server is running"))
        #expect(message.contains("postgresql://pricewatch:***@/postgres"))
        #expect(!message.contains("S3cretPw"))
    }

    @Test("a missing database is named, with how to create it")
    func missingDatabase() throws {
        let server = try testServer()
        let location = try #require(PostgresLocation(server.url(database: "nosuchdb")))
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(location) }
        #expect(error?.description.contains("\"nosuchdb\" does not exist") == true)
        #expect(error?.description.contains("createdb") == true)
        #expect(error?.description.contains(server.password) == false)
    }
}
