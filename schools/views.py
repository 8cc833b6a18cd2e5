from io import BytesIO

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .enums import BUREAU_ROLES, Role, SchoolKind
from .forms import MemberCreateForm, MemberUpdateForm, SchoolForm, SchoolImportForm
from .importers import read_schools, template_workbook
from .permissions import ANY_ROLE, BUREAU_ADMIN_ONLY, role_required

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(BUREAU_ROLES)
def school_list(request):
    reopened = {"yes": True, "no": False}.get(request.GET.get("reopened", ""))
    schools = selectors.school_list(
        user=request.user,
        kind=request.GET.get("kind", ""),
        reopened=reopened,
        query=request.GET.get("q", "").strip(),
    )
    page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "kinds": SchoolKind.choices, "filters": request.GET}
    return render(request, "schools/school_list.html", context)


@role_required(ANY_ROLE)
def school_detail(request, pk):
    school = selectors.school_for_user(request.user, pk)
    context = {"school": school, "people": selectors.school_people(school=school)}
    return render(request, "schools/school_detail.html", context)


@role_required(BUREAU_ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def school_create(request):
    form = SchoolForm(request.POST or None, bureau=request.membership.bureau)
    if form.is_valid():
        school = services.school_create(bureau=request.membership.bureau, **form.cleaned_data)
        messages.success(request, _("School “%(name)s” created.") % {"name": school.name})
        return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"form": form})


@role_required(BUREAU_ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def school_update(request, pk):
    school = selectors.school_for_user(request.user, pk)
    form = SchoolForm(request.POST or None, instance=school, bureau=school.bureau)
    if form.is_valid():
        services.school_update(school=school, **form.cleaned_data)
        messages.success(request, _("School “%(name)s” saved.") % {"name": school.name})
        return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"form": form, "school": school})


@role_required(BUREAU_ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def school_import(request):
    form = SchoolImportForm(request.POST or None, request.FILES or None)
    errors = []
    if form.is_valid():
        result = read_schools(form.cleaned_data["file"])
        errors = result.errors
        if not errors:
            created, updated = services.schools_import(bureau=request.membership.bureau, rows=result.rows)
            messages.success(
                request,
                _("Import finished: %(created)s schools added, %(updated)s updated.")
                % {"created": created, "updated": updated},
            )
            return redirect("schools:list")
    return render(request, "schools/school_import.html", {"form": form, "errors": errors})


@role_required(BUREAU_ADMIN_ONLY)
def school_import_template(request):
    stream = BytesIO()
    template_workbook(stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="school-import-template.xlsx"'
    return response


@role_required(BUREAU_ADMIN_ONLY)
def member_list(request):
    members = selectors.member_list(
        user=request.user,
        school_id=request.GET.get("school") or None,
        role=request.GET.get("role", ""),
        query=request.GET.get("q", "").strip(),
    )
    context = {
        "page": Paginator(members, PAGE_SIZE).get_page(request.GET.get("page")),
        "roles": Role.choices,
        "schools": selectors.schools_for_user(request.user).only("pk", "name"),
        "filters": request.GET,
    }
    return render(request, "schools/member_list.html", context)


@role_required(BUREAU_ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def member_create(request):
    schools = selectors.schools_for_user(request.user)
    form = MemberCreateForm(request.POST or None, schools=schools)
    if form.is_valid():
        data = form.cleaned_data
        school = data["school"]
        user = services.member_create(
            username=data["username"],
            password=data["password1"],
            full_name=data["full_name"],
            phone=data["phone"],
            role=data["role"],
            school=school,
            bureau=None if school else request.membership.bureau,
        )
        messages.success(request, _("Account “%(name)s” created.") % {"name": user.username})
        return redirect("schools:members")
    return render(request, "schools/member_form.html", {"form": form})


def _member_initial(membership):
    user = membership.user
    return {
        "full_name": user.full_name,
        "phone": user.phone,
        "role": membership.role,
        "school": membership.school,
        "is_active": user.is_active,
    }


@role_required(BUREAU_ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def member_update(request, pk):
    membership = get_object_or_404(selectors.members_for_user(request.user), pk=pk)
    form = MemberUpdateForm(
        request.POST or None,
        initial=_member_initial(membership),
        schools=selectors.schools_for_user(request.user),
    )
    is_self = membership.user_id == request.user.pk
    if form.is_valid():
        data = form.cleaned_data
        if is_self and (data["role"] != membership.role or not data["is_active"]):
            form.add_error(None, _("You cannot change your own role or deactivate yourself."))
        else:
            services.member_update(
                membership=membership,
                full_name=data["full_name"],
                phone=data["phone"],
                role=data["role"],
                is_active=data["is_active"],
                school=data["school"],
                bureau=None if data["school"] else request.membership.bureau,
            )
            messages.success(request, _("Account saved."))
            return redirect("schools:members")
    return render(request, "schools/member_form.html", {"form": form, "member": membership})


@role_required(BUREAU_ADMIN_ONLY)
@require_http_methods(["GET", "POST"])
def member_password(request, pk):
    membership = get_object_or_404(selectors.members_for_user(request.user), pk=pk)
    form = SetPasswordForm(membership.user, request.POST or None)
    if form.is_valid():
        services.member_set_password(user=membership.user, password=form.cleaned_data["new_password1"])
        messages.success(request, _("New password set for “%(name)s”.") % {"name": membership.user.username})
        return redirect("schools:members")
    return render(request, "schools/member_password.html", {"form": form, "member": membership})
