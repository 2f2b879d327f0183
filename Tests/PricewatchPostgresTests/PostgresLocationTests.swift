import PricewatchPostgres
import Testing

@Suite("PostgresLocation")
struct PostgresLocationTests {
    @Test(
        "the password is masked wherever a location is printed",
        arguments: [
            ("postgres://app:s3cret@db.internal:5432/prices", "postgres://app:***@db.internal:5432/prices"),
            ("postgresql://app:s3cret@/prices?host=/run/pg", "postgresql://app:***@/prices?host=/run/pg"),
            ("POSTGRES://app:s3cret@h/db", "POSTGRES://app:***@h/db"),
            (
                "postgresql://app@h/db?password=s3cret&sslmode=require",
                "postgresql://app@h/db?password=***&sslmode=require"
            ),
            ("postgresql://h/db?sslmode=require&password=s3cret", "postgresql://h/db?sslmode=require&password=***"),
            ("host=h dbname=prices user=app password=s3cret", "host=h dbname=prices user=app password=***"),
            ("host=h password = 's3 cret\\' x' dbname=prices", "host=h password = *** dbname=prices"),
            ("password=s3cret\\ x host=h", "password=*** host=h"),
            ("postgresql://app@h/db", "postgresql://app@h/db"),
        ])
    func masksPassword(location: String, printed: String) throws {
        let parsed = try #require(PostgresLocation(location))
        let shown = parsed.description
        #expect(!shown.contains("s3cret") && !shown.contains("s3 cret"))
        #expect(shown.contains("***") == location.lowercased().contains("s3"))
        #expect(shown == printed)
    }

    @Test(
        "URLs and libpq key=value strings select PostgreSQL; paths select files",
        arguments: [
            ("postgres://h/db", true), ("postgresql://h/db", true), ("postgresql://", true),
            ("host=/tmp dbname=x", true), ("dbname=prices", true), ("service=pricewatch", true),
            ("snapshots", false), ("./snapshots", false), ("/srv/pricewatch/snapshots", false),
            ("snap=1", false), ("data/run=5/snapshots", false), ("", false),
        ])
    func recognisesPostgres(text: String, isPostgres: Bool) {
        #expect((PostgresLocation(text) != nil) == isPostgres)
    }

    @Test("a percent-encoded password is masked in both forms")
    func percentEncoded() throws {
        let location = try #require(PostgresLocation("postgresql://app:p%40ss%2Fword@h/db"))
        #expect(location.description == "postgresql://app:***@h/db")
        #expect(location.scrub("FATAL: user app with p@ss/word") == "FATAL: user app with ***")
    }
}
