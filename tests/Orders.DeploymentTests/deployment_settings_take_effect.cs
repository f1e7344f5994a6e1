using Confluent.Kafka;
using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orders.DeploymentTests.Infrastructure;
using Orders.Kafka.Embedded;
using Orders.ServiceDefaults.Codegen;
using Orders.ServiceDefaults.Kafka;
using Orders.ServiceDefaults.Logging;
using Orders.ServiceDefaults.Messaging;
using Orders.ServiceDefaults.Persistence;
using Orders.ServiceDefaults.Telemetry;

namespace Orders.DeploymentTests;

/// <summary>The settings the chart sets change what the services do (no host is started: the wiring is inspected).</summary>
public sealed class deployment_settings_take_effect
{
    private static WebApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        return builder;
    }

    [Fact]
    public void json_log_format_writes_json_lines_with_trace_ids_and_activity_tags()
    {
        var builder = Builder((LoggingExtensions.FormatSetting, "json"));
        builder.AddOrdersLogging();
        using var services = builder.Services.BuildServiceProvider();
        Assert.Equal(ConsoleFormatterNames.Json, services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        var tracking = services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;
        Assert.True(tracking.HasFlag(ActivityTrackingOptions.TraceId) && tracking.HasFlag(ActivityTrackingOptions.Tags), tracking.ToString());
    }

    [Fact]
    public void without_the_setting_logs_keep_the_console_format()
    {
        var builder = Builder();
        builder.AddOrdersLogging();
        using var services = builder.Services.BuildServiceProvider();
        Assert.NotEqual(ConsoleFormatterNames.Json, services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
    }

    [Theory]
    [InlineData("Static", TypeLoadMode.Static)]
    [InlineData("auto", TypeLoadMode.Auto)]
    public void the_codegen_mode_applies_to_every_environment(string setting, TypeLoadMode expected)
    {
        var builder = Builder((CodegenMode.Setting, setting));
        builder.AddOrdersCodegenMode();
        using var services = builder.Services.BuildServiceProvider();
        var defaults = services.GetRequiredService<JasperFxOptions>();
        Assert.Equal(expected, defaults.Production.GeneratedCodeMode);
        Assert.Equal(expected, defaults.Development.GeneratedCodeMode);
    }

    [Fact]
    public void an_unknown_codegen_mode_is_refused_at_start() =>
        Assert.Throws<InvalidOperationException>(() => Builder((CodegenMode.Setting, "Precompiled")).AddOrdersCodegenMode());

    [Theory]
    [InlineData(null, null, null, false)]
    [InlineData("none", null, "simple", false)]
    [InlineData("OTLP", null, null, true)]
    [InlineData("console", null, null, true)]
    [InlineData(null, "http://otel-collector:4317", null, true)]
    [InlineData("", "http://otel-collector:4317", null, true)] // an empty variable is unset
    [InlineData("none", null, "json", true)] // JSON log lines take a message's ids from its span
    public void spans_are_recorded_only_for_an_exporter_or_json_logs(string? exporter, string? otlpEndpoint, string? logFormat, bool traced)
    {
        var settings = new List<(string, string)>();
        if (exporter is not null) settings.Add((TelemetryExtensions.ExporterSetting, exporter));
        if (otlpEndpoint is not null) settings.Add(("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint));
        if (logFormat is not null) settings.Add((LoggingExtensions.FormatSetting, logFormat));
        var builder = Builder([.. settings]);
        builder.AddOrdersTelemetry("ordering");
        using var services = builder.Services.BuildServiceProvider();
        Assert.Equal(traced, services.GetService<TracerProvider>() is not null);
        Assert.NotNull(services.GetService<MeterProvider>()); // metrics either way: /metrics serves them
    }

    [Fact]
    public void an_unknown_exporter_is_refused_at_start() =>
        Assert.Throws<InvalidOperationException>(() => Builder((TelemetryExtensions.ExporterSetting, "jaeger")).AddOrdersTelemetry("ordering"));

    [Fact]
    public void postgres_tls_settings_are_applied_over_the_connection_string()
    {
        var tls = new PostgresSettings { SslMode = Npgsql.SslMode.VerifyFull, RootCertificate = "/etc/orders/postgres/ca.crt" };
        var applied = new Npgsql.NpgsqlConnectionStringBuilder(tls.ApplyTo("Host=db;Username=u;Password=p"));
        Assert.Equal(Npgsql.SslMode.VerifyFull, applied.SslMode);
        Assert.Equal("/etc/orders/postgres/ca.crt", applied.RootCertificate);
        Assert.Equal("p", applied.Password);
    }

    [Fact]
    public void the_key_store_connects_with_the_same_tls_settings_as_the_service_database()
    {
        var builder = Builder(
            ($"ConnectionStrings:{Orders.ServiceDefaults.Privacy.PersonalDataExtensions.ConnectionStringName}", "Host=keys;Username=u;Password=p"),
            ("Postgres:SslMode", "VerifyFull"), ("Postgres:RootCertificate", "/etc/orders/postgres/ca.crt"));
        var keyStore = new Npgsql.NpgsqlConnectionStringBuilder(
            PostgresSettings.ConnectionString(builder.Configuration, Orders.ServiceDefaults.Privacy.PersonalDataExtensions.ConnectionStringName));
        Assert.Equal("keys", keyStore.Host);
        Assert.Equal(Npgsql.SslMode.VerifyFull, keyStore.SslMode);
        Assert.Equal("/etc/orders/postgres/ca.crt", keyStore.RootCertificate);
    }

    [Fact]
    public void pooled_connections_keep_their_prepared_statements_unless_the_connection_string_says_otherwise()
    {
        var defaults = new Npgsql.NpgsqlConnectionStringBuilder(new PostgresSettings().ApplyTo("Host=db;Username=u;Password=p"));
        Assert.True(defaults.NoResetOnClose);
        Assert.Equal(50, defaults.MaxAutoPrepare);

        var configured = new Npgsql.NpgsqlConnectionStringBuilder(new PostgresSettings { ResetConnectionsOnReturn = true, MaxAutoPrepare = 0 }.ApplyTo("Host=db"));
        Assert.False(configured.NoResetOnClose);
        Assert.Equal(0, configured.MaxAutoPrepare);

        // What an operator wrote into the connection string wins over the settings.
        var explicitly = new Npgsql.NpgsqlConnectionStringBuilder(new PostgresSettings().ApplyTo("Host=db;No Reset On Close=false;Max Auto Prepare=5"));
        Assert.False(explicitly.NoResetOnClose);
        Assert.Equal(5, explicitly.MaxAutoPrepare);
    }

    [Fact]
    public void a_service_holds_few_connections_unless_the_connection_string_or_the_setting_says_otherwise()
    {
        Assert.Equal(16, new Npgsql.NpgsqlConnectionStringBuilder(new PostgresSettings().ApplyTo("Host=db")).MaxPoolSize);
        Assert.Equal(40, new Npgsql.NpgsqlConnectionStringBuilder(new PostgresSettings { MaxPoolSize = 40 }.ApplyTo("Host=db")).MaxPoolSize);
        foreach (var keyword in new[] { "Maximum Pool Size", "MaxPoolSize" })
            Assert.Equal(100, new Npgsql.NpgsqlConnectionStringBuilder(new PostgresSettings().ApplyTo($"Host=db;{keyword}=100")).MaxPoolSize);
    }

    [Fact]
    public void kafka_sasl_and_tls_settings_reach_the_client_configuration()
    {
        var settings = new KafkaSettings
        {
            BootstrapServers = "kafka:9093", SecurityProtocol = SecurityProtocol.SaslSsl, SaslMechanism = SaslMechanism.ScramSha512,
            SaslUsername = "orders", SaslPassword = "secret", SslCaLocation = "/etc/orders/kafka/ca.crt",
            SslCertificateLocation = "/etc/orders/kafka/tls.crt", SslKeyLocation = "/etc/orders/kafka/tls.key",
        };
        var config = new ClientConfig();
        settings.ApplyTo(config);
        Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
        Assert.Equal(SaslMechanism.ScramSha512, config.SaslMechanism);
        Assert.Equal("orders", config.SaslUsername);
        Assert.Equal("secret", config.SaslPassword);
        Assert.Equal("/etc/orders/kafka/ca.crt", config.SslCaLocation);
        Assert.Equal("/etc/orders/kafka/tls.crt", config.SslCertificateLocation);
        Assert.Equal("/etc/orders/kafka/tls.key", config.SslKeyLocation);
    }

    [Fact]
    public void every_service_consumer_gets_the_same_kafka_settings_and_timeouts()
    {
        var settings = new KafkaSettings { BootstrapServers = "kafka:9093", SecurityProtocol = SecurityProtocol.SaslSsl, FetchWaitMaxMs = 20 };
        var consumer = new ConsumerConfig();
        OrdersMessagingExtensions.ConsumerDefaults(settings, consumer);
        Assert.Equal("kafka:9093", consumer.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslSsl, consumer.SecurityProtocol);
        Assert.Equal(20, consumer.FetchWaitMaxMs);
        Assert.Equal(AutoOffsetReset.Earliest, consumer.AutoOffsetReset);
        Assert.Equal(10_000, consumer.SessionTimeoutMs);
        Assert.Equal(10_000, consumer.SocketTimeoutMs);
        Assert.Equal(60_000, consumer.MaxPollIntervalMs); // also how long a JoinGroup may go unanswered

        var unset = new ConsumerConfig();
        OrdersMessagingExtensions.ConsumerDefaults(new KafkaSettings(), unset);
        Assert.Null(unset.FetchWaitMaxMs); // librdkafka's own default unless configured
    }

    [Fact]
    public void envelope_ids_do_not_depend_on_the_machine_so_services_sharing_a_host_never_make_the_same_id()
    {
        // Wolverine's default builds ids from the network identity, a timestamp and a per-process sequence: two services
        // on one host can make the same id, and the receiver's inbox then drops a new message as a duplicate.
        var opts = new Wolverine.WolverineOptions();
        opts.UseOrdersKafka(Builder().Configuration, "shipping");
        Assert.Equal(Wolverine.EnvelopeIdGeneration.GuidV7, opts.EnvelopeIdGeneration);
    }

    [Fact]
    public void a_listener_takes_its_topics_fetch_wait_before_every_consumers()
    {
        var settings = new KafkaSettings { FetchWaitMaxMs = 500, FetchWaitMaxMsByTopic = { ["payments-events"] = 20 } };
        Assert.Equal(20, settings.FetchWaitMaxMsFor("payments-events"));
        Assert.Equal(500, settings.FetchWaitMaxMsFor("orders-events"));
        Assert.Null(new KafkaSettings().FetchWaitMaxMsFor("orders-events")); // librdkafka's own default unless configured
    }

    [Fact]
    public void the_embedded_broker_settings_are_settings_the_services_accept()
    {
        // infra/embedded-kafka.env, which make run, make bench and make chaos give the services: a typo in it would
        // otherwise show only when one of them starts.
        var profile = EmbeddedKafkaProfile.ServiceSettings(Repository.Root);
        Assert.NotEmpty(profile);
        var configuration = Builder(profile.Select(setting => (setting.Key.Replace("__", ":"), setting.Value)).ToArray()).Configuration;
        new Wolverine.WolverineOptions().UseOrdersKafka(configuration, "ordering"); // throws on an unknown topic or a bad value
        var kafka = configuration.GetSection(KafkaSettings.Section).Get<KafkaSettings>()!;
        Assert.NotEmpty(kafka.FetchWaitMaxMsByTopic);
        Assert.Null(kafka.FetchWaitMaxMsFor("orders-events")); // the OrderView projection keeps librdkafka's wait: nobody waits on it
    }

    [Fact]
    public void a_sending_endpoint_takes_its_topics_send_window_before_every_topics()
    {
        var windows = SendBatchWindows.From(Builder(
            (OrdersMessagingExtensions.SendBatchWindowSetting, "00:00:00.200"),
            ($"{OrdersMessagingExtensions.SendBatchWindowByTopicSetting}:payments-commands", "00:00:00.020")).Configuration);
        var kafka = new Wolverine.Kafka.Internals.KafkaTransport();
        Assert.Equal(TimeSpan.FromMilliseconds(20), windows.For(new Wolverine.Kafka.KafkaTopic(kafka, "payments-commands", Wolverine.Configuration.EndpointRole.Application)));
        Assert.Equal(TimeSpan.FromMilliseconds(200), windows.For(new Wolverine.Kafka.KafkaTopic(kafka, "orders-events", Wolverine.Configuration.EndpointRole.Application)));
        Assert.Null(SendBatchWindows.From(Builder().Configuration).For(new Wolverine.Kafka.KafkaTopic(kafka, "orders-events", Wolverine.Configuration.EndpointRole.Application)));
    }

    [Theory]
    [InlineData(OrdersMessagingExtensions.SendBatchWindowSetting, "00:00:00")]
    [InlineData(OrdersMessagingExtensions.SendBatchWindowSetting, "-00:00:01")]
    [InlineData(OrdersMessagingExtensions.SendBatchWindowByTopicSetting + ":payments-commands", "00:00:00")]
    [InlineData(OrdersMessagingExtensions.SendBatchWindowByTopicSetting + ":payment-commands", "00:00:00.020")] // a typo: no such topic
    [InlineData("Kafka:FetchWaitMaxMsByTopic:payment-events", "20")] // a typo: no such topic
    [InlineData("Kafka:FetchWaitMaxMsByTopic:payments-events", "-1")]
    [InlineData("Kafka:FetchWaitMaxMs", "300001")]
    [InlineData(OrdersMessagingExtensions.SendBatchSizeSetting, "0")]
    public void a_messaging_setting_that_would_stall_the_outbox_or_do_nothing_is_refused_at_start(string key, string value)
    {
        var configuration = Builder((key, value)).Configuration;
        var error = Assert.Throws<InvalidOperationException>(() => { new Wolverine.WolverineOptions().UseOrdersKafka(configuration, "ordering"); });
        Assert.Contains(key, error.Message);
    }
}
