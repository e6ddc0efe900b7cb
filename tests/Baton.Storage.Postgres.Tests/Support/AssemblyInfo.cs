// One PostgreSQL server for every test class (initdb and a start cost about two seconds); each test makes a database
// of its own on it. The restart tests start servers of their own.
[assembly: AssemblyFixture(typeof(Baton.Storage.Postgres.Tests.Support.SharedPostgres))]
