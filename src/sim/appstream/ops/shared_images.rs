//! Cross-account image sharing as the recipient sees it. UpdateImagePermissions grants another
//! account of the same Region the use of a private image (ImagePermissions: allowFleet,
//! allowImageBuilder); that account's DescribeImages then lists it with Visibility SHARED and
//! the permissions granted, and DeleteImagePermissions takes it away again.
//!
//! The image stays in its owner's store; the recipient reads the other accounts' stores of the
//! Region, each locked on its own and before the recipient's own store, so two stores are never
//! locked at once. The seed shares the default account's image with `SHARED_WITH_DEFAULT` (every
//! other account's goes to the partner account, which the emulator does not serve): the default
//! account's store is generated when `SHARED_WITH_DEFAULT` asks, so that grant is seen whichever
//! account was used first. Grants made by UpdateImagePermissions come from stores in use.

use super::Ctx;
use crate::sim::appstream::seed::SHARED_WITH_DEFAULT;
use crate::sim::appstream::types::Image;
use crate::sim::stores::lock;

/// The images other accounts own in the request's Region and currently share with the
/// caller's account, as the caller sees them.
pub fn shared_with_caller(ctx: &Ctx) -> Vec<Image> {
    let default = &ctx.stores.params.default_account;
    if ctx.account == SHARED_WITH_DEFAULT && ctx.account != default.as_str() {
        // Generates the default account's store, whose seeded grant is to this account.
        ctx.stores.get(default, ctx.region, ctx.now);
    }
    let mut out = Vec::new();
    for store in ctx.stores.others_in(ctx.account, ctx.region) {
        let mut store = lock(&store);
        store.advance(ctx.now);
        let owner = store.account_id.clone();
        for rec in store.images.values().filter(|i| i.owner == owner) {
            if let Some(granted) = rec.shared_with.get(ctx.account) {
                let mut image = rec.image.clone();
                image.visibility = "SHARED".to_string();
                image.image_permissions = Some(*granted);
                // The owner's builder and sharing are not the recipient's to see.
                image.image_builder_name = None;
                image.image_shared_with_others = "FALSE".to_string();
                out.push(image);
            }
        }
    }
    out
}
