//! The data the WorkSpaces Applications resources are drawn from: AWS base images, the
//! teams' application catalogs, fleet and stack name prefixes, user names.

/// Agent versions older than `LATEST_AGENT` that seeded images with an update available run.
pub const OLDER_AGENTS: &[&str] = &["06-12-2024", "09-05-2024", "11-20-2024"];

/// (short name, Platform, base image prefix, days since the base image's release).
pub const BASES: &[(&str, &str, &str, u64)] = &[
    (
        "ws2019",
        "WINDOWS_SERVER_2019",
        "AppStream-WinServer2019",
        40,
    ),
    (
        "ws2022",
        "WINDOWS_SERVER_2022",
        "AppStream-WinServer2022",
        25,
    ),
    (
        "ws2016",
        "WINDOWS_SERVER_2016",
        "AppStream-WinServer2016",
        120,
    ),
    ("al2", "AMAZON_LINUX2", "AppStream-AmazonLinux2", 70),
];

/// (name prefix, display name, applications: (Name, DisplayName, LaunchPath)).
pub type Catalog = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);
pub const CATALOG: &[Catalog] = &[
    (
        "finance-apps",
        "Finance apps",
        &[
            (
                "Excel",
                "Microsoft Excel",
                r"C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE",
            ),
            (
                "SAPGUI",
                "SAP GUI",
                r"C:\Program Files\SAP\FrontEnd\SAPgui\saplogon.exe",
            ),
        ],
    ),
    (
        "eng-tools",
        "Engineering tools",
        &[
            (
                "VSCode",
                "Visual Studio Code",
                r"C:\Program Files\Microsoft VS Code\Code.exe",
            ),
            ("Putty", "PuTTY", r"C:\Program Files\PuTTY\putty.exe"),
            (
                "Firefox",
                "Firefox",
                r"C:\Program Files\Mozilla Firefox\firefox.exe",
            ),
        ],
    ),
    (
        "design-suite",
        "Design suite",
        &[
            (
                "Blender",
                "Blender",
                r"C:\Program Files\Blender Foundation\Blender\blender.exe",
            ),
            ("GIMP", "GIMP", r"C:\Program Files\GIMP 2\bin\gimp-2.10.exe"),
        ],
    ),
    (
        "sales-crm",
        "Sales CRM",
        &[
            (
                "Chrome",
                "Google Chrome",
                r"C:\Program Files\Google\Chrome\Application\chrome.exe",
            ),
            (
                "Teams",
                "Microsoft Teams",
                r"C:\Program Files\Microsoft\Teams\ms-teams.exe",
            ),
        ],
    ),
    (
        "data-science",
        "Data science",
        &[
            (
                "RStudio",
                "RStudio",
                r"C:\Program Files\RStudio\rstudio.exe",
            ),
            (
                "Jupyter",
                "JupyterLab",
                r"C:\ProgramData\Anaconda3\Scripts\jupyter-lab.exe",
            ),
        ],
    ),
    (
        "call-center",
        "Call center",
        &[
            (
                "Softphone",
                "Softphone",
                r"C:\Program Files\Softphone\softphone.exe",
            ),
            (
                "Chrome",
                "Google Chrome",
                r"C:\Program Files\Google\Chrome\Application\chrome.exe",
            ),
        ],
    ),
];

/// (fleet name prefix, the CATALOG image prefix it streams).
pub const FLEET_PREFIXES: &[(&str, &str)] = &[
    ("finance", "finance-apps"),
    ("engineering", "eng-tools"),
    ("design", "design-suite"),
    ("sales", "sales-crm"),
    ("support", "call-center"),
    ("lab", "data-science"),
];
pub const STACK_PREFIXES: &[&str] = &["finance", "engineering", "design", "sales", "support"];
pub const FIRST: &[&str] = &[
    "alice", "bob", "carmen", "dmitri", "emeka", "fatima", "grace", "hiro",
];
pub const LAST: &[&str] = &[
    "martin", "okafor", "silva", "tanaka", "novak", "haddad", "kim", "roth",
];
