// @vitest-environment happy-dom
/**
 * Pins the public surface: the keys of window.Samtykke and the exports of protocol/. A change to
 * either is a change for every site owner and every client, so it should show up in review.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as protocol from '../protocol/index.ts';
import { fakeServer } from './fixtures/fake-server.ts';
import { openPage, resetBrowser } from './fixtures/widget-page.ts';

describe('public surface', () => {
  afterEach(() => resetBrowser());

  it('window.Samtykke has exactly these members', async () => {
    fakeServer();
    await openPage('');
    expect(typeof window.Samtykke).toBe('function');
    expect(Object.keys(window.Samtykke!).sort()).toEqual(['destroy', 'flush', 'get', 'on', 'openChat', 'openPreferences', 'receipts', 'version']);
    // Nothing else of ours on window.
    expect(Object.keys(window).filter((k) => /samtykke/i.test(k))).toEqual(['Samtykke']);
  });

  it('protocol/ exports exactly these names', () => {
    expect(Object.keys(protocol).sort()).toMatchInlineSnapshot(`
      [
        "AccountCreate",
        "AccountCreated",
        "AccountDisable",
        "AccountUnlocked",
        "ApiErrorBody",
        "ApiIssue",
        "AskPolicy",
        "CategoryChoiceStat",
        "CategorySettings",
        "CategoryView",
        "ChainCheckAnswer",
        "ChainCheckBody",
        "ChatMessage",
        "ChatSettings",
        "ChatText",
        "CodeRefused",
        "Collection",
        "ConsentEvent",
        "ConsentExportQuery",
        "ConsentSearchQuery",
        "ConsentWebhookPayload",
        "ConsentWebhookType",
        "ConsoleAccount",
        "ConsoleLogin",
        "ConsoleLoginPending",
        "ConsoleMe",
        "ConsoleMeEnrolled",
        "ConsoleRole",
        "ConsoleSiteRole",
        "ConsoleSiteSettingsBody",
        "ConsoleStats",
        "ConversationAssign",
        "ConversationListQuery",
        "ConversationRead",
        "CookieCategory",
        "CookieConfig",
        "CookieSettings",
        "CreateRightsRequest",
        "CreatedRightsRequest",
        "Decision",
        "DeclaredCookie",
        "DeclaredService",
        "EventBatch",
        "EventBatchResult",
        "EventId",
        "EventRejection",
        "FormSettings",
        "Handover",
        "InboxConversation",
        "InboxCounts",
        "InboxList",
        "Lang",
        "LauncherPosition",
        "LegalBasis",
        "MAX_OWN_ANSWER",
        "MAX_POLICY_CHARS",
        "MarketingList",
        "MarketingListEntry",
        "NoticeRef",
        "NoticeTexts",
        "OPTIONAL_CATEGORIES",
        "OpenConversation",
        "OpenedConversation",
        "PolicyAnswer",
        "PolicyAnswers",
        "PolicyChangePreview",
        "PolicyChangePreviewBody",
        "PolicyImportBody",
        "PolicyIntent",
        "PolicyMapChoice",
        "PolicyMapEntry",
        "PolicyMapView",
        "PolicyUploadBody",
        "PostMessage",
        "PostedMessage",
        "Purpose",
        "PurposeDecision",
        "RecordCheck",
        "RequestCorrection",
        "RequestCorrections",
        "RequestCounts",
        "RequestExportQuery",
        "RequestKindStat",
        "RequestListQuery",
        "RequestWebhookPayload",
        "RequestWebhookType",
        "RetentionDue",
        "RetentionPlan",
        "RightsKind",
        "RightsRequestBody",
        "RightsRequestStatus",
        "RightsStatus",
        "SERVER_DECISIONS",
        "SecretGrace",
        "SecretRotated",
        "SecretRotation",
        "ServiceView",
        "ShownText",
        "SignedChainDigest",
        "SiteConfig",
        "SiteKey",
        "SiteRoleChange",
        "SiteSettings",
        "SiteTwoFactor",
        "StaffReply",
        "StatCount",
        "StoredCookieNotice",
        "Subject",
        "SubjectErase",
        "SubjectFlagChange",
        "SubjectRectify",
        "SubjectWebhookPayload",
        "SubjectWebhookType",
        "TwoFactorCode",
        "TwoFactorEnabled",
        "TwoFactorEnrolment",
        "TwoFactorStatus",
        "VerifyCode",
        "WebhookEndpointInput",
        "WebhookEventType",
        "WebhookPayload",
        "WeeklyOptInStat",
        "WidgetConfig",
        "safeLinkHref",
      ]
    `);
  });
});
