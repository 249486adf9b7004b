// The Store contract for invitations and for usernames compared without
// case, run against every backend.
#include <gtest/gtest.h>

#include "storage/store_test_fixture.h"

namespace hookwarden {
namespace {

constexpr int64_t kDay = 86'400'000;

class InvitationStoreTest : public StoreContractTest {
 protected:
  // An invitation from alice to org_a for `username`, made at `at`.
  static Invitation To(std::string id, std::string username, Role role,
                       int64_t at = 1000) {
    return Invitation{
        std::move(id), "org_a", std::move(username), role, "usr_a", "", at,
        at + 14 * kDay};
  }
  Result<Invitation> Invite(const Invitation& invitation,
                            const User* new_user = nullptr,
                            int64_t max_pending = 1000) {
    return store_->CreateInvitation(invitation, new_user, max_pending,
                                    Audit("org_a", "invitation.created"));
  }
  User Bob() { return *store_->GetUser("usr_b"); }
};

TEST_P(InvitationStoreTest, UsernamesAreOneAccountWhateverTheCase) {
  Status s = store_->CreateUser(User{"usr_c", "ALICE", "h", 3});
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(s.field(), "username");
  EXPECT_EQ(store_->FindUserByUsername("BoB")->id, "usr_b");
  // The name keeps the case it was written with.
  ASSERT_TRUE(store_->CreateUser(User{"usr_c", "Carol", "h", 3}).ok());
  EXPECT_EQ(store_->FindUserByUsername("carol")->username, "Carol");
  EXPECT_EQ(*store_->CountUsers(), 3);
}

TEST_P(InvitationStoreTest, AnInvitedUserIsAMemberOnlyOnceTheyAccept) {
  auto invited = Invite(To("inv_1", "BOB", Role::kAdmin));
  ASSERT_TRUE(invited.ok()) << invited.status().message();
  EXPECT_EQ(invited->username, "BOB");
  EXPECT_EQ(invited->invited_by_username, "alice");
  EXPECT_EQ(store_->FindMembership("usr_b", "org_a").status().code(),
            ErrorCode::kNotFound);
  ASSERT_EQ(store_->ListOrganizationInvitations("org_a", 2000)->size(), 1u);

  auto received = store_->ListReceivedInvitations("usr_b", 2000);
  ASSERT_EQ(received->size(), 1u);
  EXPECT_EQ(received->front().organization.slug, "a");
  EXPECT_EQ(received->front().invitation.role, Role::kAdmin);
  // Nobody else sees it or answers it.
  EXPECT_TRUE(store_->ListReceivedInvitations("usr_a", 2000)->empty());
  User alice = *store_->GetUser("usr_a");
  EXPECT_EQ(store_->AcceptInvitation(alice, "inv_1", 2000, Audit("", "a"))
                .status()
                .code(),
            ErrorCode::kNotFound);

  auto joined = store_->AcceptInvitation(Bob(), "inv_1", 2000,
                                         Audit("", "invitation.accepted"));
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  EXPECT_EQ(joined->organization.id, "org_a");
  EXPECT_EQ(store_->FindMembership("usr_b", "org_a")->role, Role::kAdmin);
  EXPECT_TRUE(store_->ListReceivedInvitations("usr_b", 2000)->empty());
  EXPECT_TRUE(store_->ListOrganizationInvitations("org_a", 2000)->empty());
  // The acceptance is in the organization's audit log.
  auto audit = store_->ListAuditEntries("org_a", 1, std::nullopt);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ(audit->front().action, "invitation.accepted");
  EXPECT_NE(audit->front().details.find("admin"), std::string::npos);
  // A member cannot be invited again.
  auto again = Invite(To("inv_2", "bob", Role::kMember));
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(again.status().field(), "username");
}

TEST_P(InvitationStoreTest, DeclinedAndCancelledInvitationsMakeNoMember) {
  ASSERT_TRUE(Invite(To("inv_1", "bob", Role::kMember)).ok());
  auto twice = Invite(To("inv_2", "Bob", Role::kOwner));
  EXPECT_EQ(twice.status().code(), ErrorCode::kConflict);
  ASSERT_TRUE(
      store_->DeclineInvitation(Bob(), "inv_1", 2000, Audit("", "declined"))
          .ok());
  EXPECT_EQ(store_->FindMembership("usr_b", "org_a").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->AcceptInvitation(Bob(), "inv_1", 2000, Audit("", "a"))
                .status()
                .code(),
            ErrorCode::kNotFound);

  ASSERT_TRUE(Invite(To("inv_3", "bob", Role::kMember)).ok());
  // Only the organization that sent it cancels it.
  EXPECT_EQ(
      store_->CancelInvitation("org_b", "inv_3", 2000, Audit("org_b", "c"))
          .code(),
      ErrorCode::kNotFound);
  ASSERT_TRUE(
      store_->CancelInvitation("org_a", "inv_3", 2000, Audit("org_a", "c"))
          .ok());
  EXPECT_TRUE(store_->ListReceivedInvitations("usr_b", 2000)->empty());
  EXPECT_EQ(store_->AcceptInvitation(Bob(), "inv_3", 2000, Audit("", "a"))
                .status()
                .code(),
            ErrorCode::kNotFound);
}

TEST_P(InvitationStoreTest, InvitationsExpireAndAreBounded) {
  ASSERT_TRUE(Invite(To("inv_1", "bob", Role::kMember, 1000)).ok());
  int64_t after = 1000 + 14 * kDay;
  EXPECT_TRUE(store_->ListReceivedInvitations("usr_b", after)->empty());
  EXPECT_TRUE(store_->ListOrganizationInvitations("org_a", after)->empty());
  EXPECT_EQ(store_->AcceptInvitation(Bob(), "inv_1", after, Audit("", "a"))
                .status()
                .code(),
            ErrorCode::kNotFound);
  // An expired invitation neither blocks a new one nor counts.
  ASSERT_TRUE(
      Invite(To("inv_2", "bob", Role::kMember, after), nullptr, 2).ok());
  ASSERT_TRUE(
      Invite(To("inv_3", "nobody", Role::kMember, after), nullptr, 2).ok());
  auto full = Invite(To("inv_4", "carol", Role::kMember, after), nullptr, 2);
  EXPECT_EQ(full.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(full.status().field(), "invitations");
  EXPECT_EQ(store_->ListOrganizationInvitations("org_a", after)->size(), 2u);
}

TEST_P(InvitationStoreTest, ANewUserIsCreatedOnlyWhenTheNameIsFree) {
  User carol{"usr_c", "carol", "hash-c", 30};
  ASSERT_TRUE(Invite(To("inv_1", "carol", Role::kMember), &carol).ok());
  EXPECT_EQ(store_->FindUserByUsername("carol")->password_hash, "hash-c");
  EXPECT_EQ(store_->FindMembership("usr_c", "org_a").status().code(),
            ErrorCode::kNotFound);
  // For a taken name (in any case) the account is left as it is.
  User impostor{"usr_d", "BOB", "hash-d", 31};
  ASSERT_TRUE(Invite(To("inv_2", "BOB", Role::kMember), &impostor).ok());
  EXPECT_EQ(store_->FindUserByUsername("bob")->password_hash, "hash-b");
  EXPECT_EQ(store_->GetUser("usr_d").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(*store_->CountUsers(), 3);
}

TEST_P(InvitationStoreTest, AnInvitationToANameNobodyHasIsNeverAccepted) {
  ASSERT_TRUE(Invite(To("inv_1", "dave", Role::kOwner)).ok());
  EXPECT_EQ(store_->ListOrganizationInvitations("org_a", 2000)->size(), 1u);
  // An account made under that name afterwards does not inherit it.
  ASSERT_TRUE(store_->CreateUser(User{"usr_d", "Dave", "h", 40}).ok());
  User dave = *store_->GetUser("usr_d");
  EXPECT_TRUE(store_->ListReceivedInvitations("usr_d", 2000)->empty());
  EXPECT_EQ(store_->AcceptInvitation(dave, "inv_1", 2000, Audit("", "a"))
                .status()
                .code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->FindMembership("usr_d", "org_a").status().code(),
            ErrorCode::kNotFound);
}

TEST_P(InvitationStoreTest, MembersAreFoundWhateverTheCase) {
  ASSERT_TRUE(Invite(To("inv_1", "bob", Role::kOwner)).ok());
  ASSERT_TRUE(
      store_->AcceptInvitation(Bob(), "inv_1", 2000, Audit("", "a")).ok());
  auto updated = store_->UpdateMemberRole("org_a", "BOB", Role::kAdmin,
                                          Audit("org_a", "member.updated"));
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_EQ(updated->username, "bob");
  EXPECT_TRUE(
      store_->RemoveMember("org_a", "Bob", Audit("org_a", "member.left")).ok());
  EXPECT_EQ(store_->FindMembership("usr_b", "org_a").status().code(),
            ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, InvitationStoreTest, StoreBackends());

}  // namespace
}  // namespace hookwarden
