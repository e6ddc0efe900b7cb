// One browser for every test class (starting Chromium costs about a second).
[assembly: AssemblyFixture(typeof(Baton.Ui.Tests.Support.Chromium))]
