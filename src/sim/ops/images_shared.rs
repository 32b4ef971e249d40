//! Cross-account image sharing as the recipient sees it. UpdateWorkspaceImagePermission with
//! AllowCopyImage=true lets another account of the same Region copy an image; that account's
//! DescribeWorkspaceImages then lists it (ImageType SHARED) and its CopyWorkspaceImage can copy
//! it. Revoking (AllowCopyImage=false) hides it again.
//!
//! The image stays in its owner's store; the recipient reads the other accounts' stores of the
//! Region, each locked on its own and before the recipient's own store, so two stores are never
//! locked at once.

use super::Ctx;
use crate::sim::store::ImageRec;
use crate::sim::stores::lock;

/// The images other accounts own in `region` and currently share with the caller's account.
pub fn shared_with_caller(ctx: &Ctx, region: &str) -> Vec<ImageRec> {
    let mut out = Vec::new();
    for store in ctx.stores.others_in(ctx.account, region) {
        let mut store = lock(&store);
        store.advance(ctx.now);
        let owner = store.account_id.clone();
        out.extend(
            store
                .images
                .values()
                .filter(|i| {
                    i.image.owner_account_id == owner
                        && i.shared_with.iter().any(|a| a == ctx.account)
                })
                .cloned(),
        );
    }
    out
}
