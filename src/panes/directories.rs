//! The directories pane: registered directories and how many WorkSpaces each holds.

use crate::domain::{StateClass, WorkspaceDirectory};
use crate::table::resource::num_key;
use crate::table::resource::{col, Column, Ctx, Resource};
use crate::table::Keyed;

impl Keyed for WorkspaceDirectory {
    fn key(&self) -> &str {
        &self.id
    }
    fn region(&self) -> &str {
        &self.region
    }
}

fn count(d: &WorkspaceDirectory, ctx: &Ctx) -> Option<usize> {
    ctx.workspaces_per_directory.get(&d.id).copied()
}

fn yes_no(v: Option<bool>) -> String {
    v.map(|b| if b { "yes" } else { "no" }.to_string())
        .unwrap_or_default()
}

static COLUMNS: &[Column<WorkspaceDirectory>] = &[
    col::<WorkspaceDirectory>("ID", &["id"], 13, 0, |d, _| d.id.clone()).id(),
    col::<WorkspaceDirectory>("ALIAS", &["alias"], 16, 0, |d, _| d.alias.clone()),
    col::<WorkspaceDirectory>("STATE", &["state"], 12, 0, |d, _| d.state.clone()).coloured(),
    col::<WorkspaceDirectory>("WORKSPACES", &["workspaces", "count"], 10, 0, |d, ctx| {
        count(d, ctx).unwrap_or(0).to_string()
    })
    .sorted(|d, ctx| num_key(Some(count(d, ctx).unwrap_or(0) as f64)))
    .live(),
    col::<WorkspaceDirectory>("TYPE", &["type"], 16, 1, |d, _| d.directory_type.clone()),
    col::<WorkspaceDirectory>("NAME", &["name"], 20, 1, |d, _| d.name.clone()),
    col::<WorkspaceDirectory>("REG CODE", &["regcode", "registration"], 14, 2, |d, _| {
        d.registration_code.clone()
    }),
    col::<WorkspaceDirectory>("TENANCY", &["tenancy"], 9, 3, |d, _| d.tenancy.clone()),
    col::<WorkspaceDirectory>("REGION", &["region"], 14, 8, |d, _| d.region.clone()),
];

impl Resource for WorkspaceDirectory {
    const NOUN: &'static str = "directory";
    const PLURAL: &'static str = "directories";

    fn columns() -> &'static [Column<Self>] {
        COLUMNS
    }

    fn state_class(&self) -> Option<StateClass> {
        Some(WorkspaceDirectory::state_class(self))
    }

    fn state_text(&self) -> &str {
        &self.state
    }

    fn detail(&self, ctx: &Ctx) -> Vec<(&'static str, String)> {
        vec![
            ("DirectoryId", self.id.clone()),
            ("Region", self.region.clone()),
            ("Alias", self.alias.clone()),
            ("DirectoryName", self.name.clone()),
            ("Description", self.description.clone()),
            ("DirectoryType", self.directory_type.clone()),
            ("WorkspaceType", self.workspace_type.clone()),
            ("State", self.state.clone()),
            ("RegistrationCode", self.registration_code.clone()),
            ("Tenancy", self.tenancy.clone()),
            ("WorkSpaces", count(self, ctx).unwrap_or(0).to_string()),
            ("DefaultOu", self.default_ou.clone()),
            (
                "CustomSecurityGroupId",
                self.custom_security_group_id.clone(),
            ),
            (
                "WorkspaceSecurityGroupId",
                self.workspace_security_group_id.clone(),
            ),
            ("EnableInternetAccess", yes_no(self.enable_internet_access)),
            (
                "EnableMaintenanceMode",
                yes_no(self.enable_maintenance_mode),
            ),
            (
                "UserEnabledAsLocalAdministrator",
                yes_no(self.user_enabled_as_local_administrator),
            ),
            ("SubnetIds", self.subnet_ids.join(", ")),
            ("DnsIpAddresses", self.dns_ip_addresses.join(", ")),
            ("IpGroupIds", self.ip_group_ids.join(", ")),
            ("IamRoleId", self.iam_role_id.clone()),
            ("CustomerUserName", self.customer_user_name.clone()),
            ("ErrorMessage", self.error_message.clone()),
        ]
    }
}
