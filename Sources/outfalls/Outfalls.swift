import ArgumentParser

@main
struct Outfalls: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outfalls",
        abstract: "入河排污口登记系统 Outfall Registry — 排污口、河流与保护区图层的登记、核查与导出",
        discussion: """
            数据库默认为 ./outfalls.sqlite，可用 --db 或环境变量 OUTFALLS_DB 指定。
            The database defaults to ./outfalls.sqlite; override with --db or OUTFALLS_DB.
            退出码 Exit codes: 0 成功 success; 1 数据被拒绝 input refused; 2 数据库问题 database problem; 64 用法错误 usage.
            """,
        subcommands: [
            InitCommand.self, ImportCommand.self, LayersCommand.self, ListCommand.self, SnapCommand.self, PinCommand.self,
            NavigateCommand.self, RiversCommand.self, CheckCommand.self, ScreenCommand.self, RulesCommand.self, ExportCommand.self,
            LogCommand.self, HistoryCommand.self, DossierCommand.self, DerivedCommand.self, CaseCommand.self,
            ProgressCommand.self, StatsCommand.self, ReportCommand.self,
            BackupCommand.self, StylesCommand.self, ServeCommand.self, UserCommand.self,
            UnitCommand.self, ChannelCommand.self, TraceCommand.self, ResponsibleCommand.self, SharedCommand.self, ChainCommand.self,
            SuspectsCommand.self, SurveyCommand.self, DuplicatesCommand.self, MergeCommand.self,
            StandardsCommand.self, SamplesCommand.self, AssessCommand.self, RainCommand.self, AbnormalCommand.self, AlarmsCommand.self, ImpactCommand.self, MonitoringCommand.self,
            ApplicationCommand.self,
            PublicationCommand.self, TipsCommand.self,
            InspectionCommand.self, SignCommand.self,
        ]
    )
}
