"""Accounts: login, lock after 5 failures (kept in the database), passwords, administration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import create_app
from inspections.errors import PermissionDenied, ValidationFailed
from inspections.extensions import db
from inspections.models import AuditEntry, User
from inspections.services import accounts

from .conftest import NOW, PASSWORD, SYSTEM, login


def test_login_and_logout(client, make_user):
    make_user("aigerim", "inspector")
    response = login(client, "aigerim")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, make_user):
    make_user("aigerim", "inspector")
    response = client.post("/login", data={"username": "aigerim", "password": "wrong password!"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "Wrong username or password" in response.get_data(as_text=True)


def test_throttle_after_five_failures_holds_across_app_instances(app, ctx, make_user):
    """Issue "Integrity", item 7: the counters are a table shared by every process."""
    make_user("aigerim", "inspector")
    for _ in range(4):
        assert accounts.authenticate("aigerim", "nope", now=NOW, client="10.0.0.1").status \
            == "bad"
    result = accounts.authenticate("aigerim", "nope", now=NOW, client="10.0.0.1")
    db.session.commit()
    assert result.status == "throttled"
    assert result.until == NOW + timedelta(minutes=15)
    # The right password does not help while throttled — even in a new app (another worker).
    other = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                        "SECRET_KEY": "x", "TESTING": True, "AUDIT_KEY": "k"})
    with other.app_context():
        later = NOW + timedelta(minutes=14)
        assert accounts.authenticate("aigerim", PASSWORD, now=later,
                                     client="10.0.0.1").status == "throttled"
        after = NOW + timedelta(minutes=15, seconds=1)
        assert accounts.authenticate("aigerim", PASSWORD, now=after,
                                     client="10.0.0.1").status == "ok"
        db.session.rollback()
        db.session.close()
        db.engine.dispose()


def test_password_needs_twelve_characters(ctx):
    with pytest.raises(ValidationFailed):
        accounts.create_user(SYSTEM, username="short", password="elevenchars", surname="A",
                             given_name="B", roles=["inspector"], now=NOW)


def test_passwords_are_hashed_with_scrypt(ctx, make_user):
    user = make_user("aigerim", "inspector")
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_representative_is_bound_to_exactly_one_body(ctx, make_subject):
    with pytest.raises(ValidationFailed):
        accounts.create_user(SYSTEM, username="rep", password=PASSWORD, surname="A",
                             given_name="B", roles=["subject_rep"], now=NOW)
    subject = make_subject()
    with pytest.raises(ValidationFailed):
        accounts.create_user(SYSTEM, username="rep", password=PASSWORD, surname="A",
                             given_name="B", roles=["subject_rep", "inspector"],
                             control_subject_id=subject.id, now=NOW)
    user = accounts.create_user(SYSTEM, username="rep", password=PASSWORD, surname="A",
                                given_name="B", roles=["subject_rep"],
                                control_subject_id=subject.id, now=NOW)
    assert user.control_subject_id == subject.id


def test_one_person_may_hold_several_staff_roles(ctx, make_user):
    user = make_user("boss", "head", "inspector")
    assert user.roles == {"head", "inspector"}


def test_only_admin_manages_accounts(ctx, make_user):
    inspector = make_user("aigerim", "inspector")
    with pytest.raises(PermissionDenied):
        accounts.create_user(inspector, username="x", password=PASSWORD, surname="A",
                             given_name="B", roles=["inspector"], now=NOW)


def test_admin_creates_deactivates_and_resets_through_the_pages(client, make_user):
    make_user("root", "admin")
    login(client, "root")
    response = client.post("/admin/users/new", data={
        "username": "newbie", "surname": "Жаңа", "given_name": "Қызметкер",
        "roles": ["inspector", "head"], "control_subject_id": "0",
        "password": "a long enough password"})
    assert response.status_code == 303
    user = db.session.execute(select(User).where(User.username == "newbie")).scalar_one()
    assert user.roles == {"inspector", "head"}
    client.post(f"/admin/users/{user.id}/active", data={"active": "0"})
    db.session.refresh(user)
    assert not user.active
    other = client.application.test_client()
    assert login(other, "newbie", "a long enough password").status_code == 200  # refused
    client.post(f"/admin/users/{user.id}/active", data={"active": "1"})
    client.post(f"/admin/users/{user.id}/password", data={"new_password": "another long password"})
    assert login(other, "newbie", "another long password").status_code == 302
    actions = db.session.execute(
        select(AuditEntry.action).where(AuditEntry.object_type == "users",
                                        AuditEntry.object_id == user.id)
        .order_by(AuditEntry.id)).scalars().all()
    assert actions == ["user.created", "user.deactivated", "user.activated",
                       "user.password_reset"]


def test_change_own_password(client, make_user):
    make_user("aigerim", "inspector")
    login(client, "aigerim")
    response = client.post("/account/password", data={
        "current": "wrong", "new": "my new password!", "confirm": "my new password!"},
        headers={"Accept-Language": "en"})
    assert "not correct" in response.get_data(as_text=True)
    response = client.post("/account/password", data={
        "current": PASSWORD, "new": "my new password!", "confirm": "my new password!"})
    assert response.status_code == 303
    client.post("/logout")
    assert login(client, "aigerim", "my new password!").status_code == 302


def test_session_cookie_flags(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_secure_cookie_when_configured(monkeypatch, tmp_path):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    secure = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert secure.config["SESSION_COOKIE_SECURE"] is True


def test_login_redirect_stays_on_this_site(client, make_user):
    make_user("aigerim", "inspector")
    response = client.post("/login?next=https://evil.example/", data={
        "username": "aigerim", "password": PASSWORD})
    assert response.headers["Location"] == "/"
